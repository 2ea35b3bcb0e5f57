package dev.otlab.dashboard.security;

import dev.otlab.dashboard.store.Audit;
import dev.otlab.dashboard.store.Users;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Authentication is on from the first start, so the first start must create someone who can log in:
 * an {@code admin} with the password from {@code OTLAB_ADMIN_PASSWORD}, or a generated one printed
 * once (it is stored only as a hash).
 */
@ApplicationScoped
public class FirstAdmin {
  private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

  @Inject Users users;
  @Inject Audit audit;

  @ConfigProperty(name = "otlab.admin.password")
  Optional<String> configured;

  void onStart(@Observes StartupEvent ev) {
    if (users.count() > 0) {
      return;
    }
    String password = configured.filter(p -> !p.isBlank()).orElse(null);
    boolean generated = password == null;
    if (generated) {
      password = Passwords.generate();
    }
    users.insert(
        new Users.User("admin", Passwords.hash(password), Roles.ADMIN, System.currentTimeMillis()));
    audit.record("system", "create-user", "admin", "first start");
    if (generated) {
      LOG.infof(
          "%n%n  otlab: created user 'admin' with password  %s%n  It is shown only this once;"
              + " create your own users under Users, or set OTLAB_ADMIN_PASSWORD before the"
              + " first start.%n",
          password);
    } else {
      LOG.info("otlab: created user 'admin' with the password from OTLAB_ADMIN_PASSWORD.");
    }
  }
}
