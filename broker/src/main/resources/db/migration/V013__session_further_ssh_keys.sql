-- A session's further SSH keys (beyond the agreement's customer key), one OpenSSH line each,
-- newline-separated: kept so a broker that restarts provisions a session left 'admitted' with every
-- key it was asked for, as V012 keeps its image.
ALTER TABLE session ADD COLUMN further_ssh_keys text;
