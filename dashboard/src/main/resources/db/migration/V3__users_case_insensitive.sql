-- User names are case-insensitive from now on: stored in lower case (the check below holds every
-- later write to it) and looked up by the lower-cased name. Names that differed only in case
-- (ADMIN beside admin) cannot all become the same name, and none may be lost silently, so:
--   * per lower-cased name, one account keeps it: the one already in lower case, else the oldest
--     (then the first by name);
--   * each other one is renamed to NAME.case2, NAME.case3, ... (NAME cut to 56 characters) in the
--     same order, keeping its password and role, and an audit_log row by 'system' says so. The dot
--     cannot be in a name the API created, so a renamed name never collides with an existing one
--     (the primary key would refuse it and fail the migration rather than drop an account); such
--     an account logs in under its new name, and an admin can delete it.
-- Plain SQL that H2 and PostgreSQL both run (window function, CASE, CAST, EXTRACT(EPOCH ...)).
-- The rows go through a copy, since renaming in place could collide mid-statement (neither
-- database defers a primary key check).

DROP TABLE IF EXISTS users_v3;

CREATE TABLE users_v3 (
  old_name VARCHAR(64) NOT NULL,
  username VARCHAR(64) NOT NULL,
  password_hash VARCHAR(256) NOT NULL,
  role VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL
);

INSERT INTO users_v3 (old_name, username, password_hash, role, created_at)
SELECT username,
       CASE WHEN n = 1 THEN LOWER(username)
            ELSE SUBSTRING(LOWER(username) FROM 1 FOR 56) || '.case' || CAST(n AS VARCHAR(3))
       END,
       password_hash, role, created_at
  FROM (SELECT username, password_hash, role, created_at,
               ROW_NUMBER() OVER (
                 PARTITION BY LOWER(username)
                 ORDER BY CASE WHEN username = LOWER(username) THEN 0 ELSE 1 END,
                          created_at, username) AS n
          FROM users) ranked;

DELETE FROM users;

INSERT INTO users (username, password_hash, role, created_at)
SELECT username, password_hash, role, created_at FROM users_v3;

INSERT INTO audit_log (at, username, action, target, result)
SELECT CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT), 'system', 'rename-user',
       old_name,
       'renamed to ' || username || ': user names are case-insensitive now and '
         || LOWER(old_name) || ' is another account'
  FROM users_v3
 WHERE username <> LOWER(old_name);

DROP TABLE users_v3;

ALTER TABLE users ADD CONSTRAINT users_username_lower CHECK (username = LOWER(username));
