-- Where the broker reaches a host's mTLS control API (issue 5, sessions): the host:port the daemon
-- names in its signed heartbeat. NULL until a heartbeat names one (daemons from before issue 5).
ALTER TABLE host ADD COLUMN control_endpoint text
    CHECK (control_endpoint IS NULL OR length(control_endpoint) BETWEEN 3 AND 300);
