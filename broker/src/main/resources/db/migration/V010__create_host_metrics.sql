-- Host metrics (issue 5 §5, fleet queries): what each host's latest accepted heartbeat reported about the
-- host itself, one row per host, replaced by every heartbeat that carries metrics (docs/fleet.md). A
-- column is NULL when the host did not report it (a daemon that cannot read /proc, or one from before).
CREATE TABLE host_metrics (
    host_id          uuid        PRIMARY KEY REFERENCES host (id),
    reported_at      timestamptz NOT NULL,
    cpu_cores        integer     CHECK (cpu_cores > 0),
    -- 1-minute load average / cores: 1 = every core busy; may pass 1.
    cpu_load         numeric(12, 4) CHECK (cpu_load >= 0),
    mem_total_mib    bigint      CHECK (mem_total_mib >= 0),
    mem_used         numeric(5, 4)  CHECK (mem_used BETWEEN 0 AND 1),
    disk_free_gib    numeric(14, 2) CHECK (disk_free_gib >= 0),
    uptime_seconds   bigint      CHECK (uptime_seconds >= 0),
    machines_leased  integer     CHECK (machines_leased >= 0),
    machines_free    integer     CHECK (machines_free >= 0),
    machines_failed  integer     CHECK (machines_failed >= 0),
    version          text        CHECK (length(version) BETWEEN 1 AND 64),
    region           text        CHECK (length(region) BETWEEN 1 AND 64)
);
