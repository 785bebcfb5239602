-- Up Migration

-- Services check at readiness that the schema is the one their code expects, as the roles they run as.
GRANT USAGE ON SCHEMA chronicle_migrations TO chronicle_app, chronicle_platform;
GRANT SELECT ON chronicle_migrations.migrations TO chronicle_app, chronicle_platform;
