package dev.otlab.dashboard.store;

import dev.otlab.testkit.RequiresDatabase;
import dev.otlab.testkit.SwarmTasks;
import java.sql.SQLException;

/**
 * {@link SweepStoreMigrationTest} on a real PostgreSQL server (127.0.0.1:5432, role otlab, as
 * {@code .ci/run} sets it up), in databases of its own made fresh: the migration's tables equal the
 * store's own there too, and V8's sweeps move over.
 */
@RequiresDatabase(
    name = "PostgreSQL",
    url = SweepStoreMigrationIT.SERVER + "postgres",
    user = "otlab",
    password = "otlab",
    hint =
        "Start PostgreSQL on 127.0.0.1:5432 with a role otlab (password otlab) that may create"
            + " databases, as .ci/run does.")
class SweepStoreMigrationIT extends SweepStoreMigrationTest {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  @Override
  String database(String name) throws SQLException {
    String database = "otlab_sweep_migration_" + name;
    SwarmTasks.freshDatabase(SERVER, database, user(), password());
    return SERVER + database;
  }

  @Override
  String user() {
    return "otlab";
  }

  @Override
  String password() {
    return "otlab";
  }
}
