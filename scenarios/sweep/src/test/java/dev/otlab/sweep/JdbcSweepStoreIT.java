package dev.otlab.sweep;

import dev.otlab.testkit.RequiresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;

/**
 * The SQL sweep store on a real PostgreSQL server (127.0.0.1:5432, role otlab, as {@code .ci/run}
 * sets it up; a database of its own, made fresh for each test): what {@link SweepStoreContract}
 * holds, as the Swarm tasks and the dashboard on PostgreSQL use it.
 */
@RequiresDatabase(
    name = "PostgreSQL",
    url = JdbcSweepStoreIT.SERVER + "postgres",
    user = "otlab",
    password = "otlab",
    hint =
        "Start PostgreSQL on 127.0.0.1:5432 with a role otlab (password otlab) that may create"
            + " databases, as .ci/run does.")
class JdbcSweepStoreIT extends SweepStoreContract {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE = "otlab_sweep_store_it";

  @Override
  String url() {
    return SERVER + DATABASE;
  }

  @BeforeEach
  void freshDatabase() throws Exception {
    DriverManager.setLoginTimeout(5);
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "otlab", "otlab");
        Statement st = admin.createStatement()) {
      // WITH (FORCE) ends connections a killed earlier run may have left behind.
      st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + DATABASE);
    }
  }
}
