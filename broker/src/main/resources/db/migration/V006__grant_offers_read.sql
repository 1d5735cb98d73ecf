-- offers:read (searching the market, GET /v1/offers) is new. Keys that customers, host operators and admins
-- already hold get it, as keys made from now on do: search was not possible before, so no key was narrowed
-- away from it on purpose. Finance keys do not get it (their kind cannot hold it).
UPDATE api_key k
   SET scopes = k.scopes || ' offers:read'
  FROM account a
 WHERE a.id = k.account_id
   AND a.kind IN ('customer', 'host-operator', 'admin')
   AND ' ' || k.scopes || ' ' NOT LIKE '% offers:read %';
