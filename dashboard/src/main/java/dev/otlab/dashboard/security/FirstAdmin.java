package dev.otlab.dashboard.security;

import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.store.Audit;
import dev.otlab.dashboard.store.Users;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Authentication is on from the first start, so the first start must create someone who can log in:
 * an {@code admin} with the password from {@code OTLAB_ADMIN_PASSWORD}, or a generated one printed
 * once (it is stored only as a hash).
 *
 * <p>A password from {@code OTLAB_ADMIN_PASSWORD} is held to the {@link PasswordPolicy} like any
 * other, and one that fails it stops the first start with {@code ADMIN_PASSWORD_WEAK} saying what
 * to change: the admin is the most powerful account, the setting is read only on that first start
 * (a running installation is never stopped by it), and fixing it costs one restart, whereas a
 * warning in a log nobody reads would leave {@code password123} guarding the lab. The generated
 * password always passes.
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
      do {
        password = Passwords.generate();
      } while (!PasswordPolicy.problems("admin", password).isEmpty());
    } else {
      List<String> problems = PasswordPolicy.problems("admin", password);
      if (!problems.isEmpty()) {
        throw new OtlabException(
            "ADMIN_PASSWORD_WEAK",
            "OTLAB_ADMIN_PASSWORD (otlab.admin.password) is refused for the first admin: "
                + PasswordPolicy.describe(problems).replaceFirst("^The password is refused: ", ""),
            "Set OTLAB_ADMIN_PASSWORD to another password, or unset it to have one generated and"
                + " printed once, then start again. "
                + PasswordPolicy.ADVICE);
      }
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
