/**
 * Persistence: users, the audit log, uploaded library files, jobs (runs and evaluations) and what
 * they produced, in H2 or PostgreSQL through plain JDBC, with Flyway migrations.
 */
@NullMarked
package dev.otlab.dashboard.store;

import org.jspecify.annotations.NullMarked;
