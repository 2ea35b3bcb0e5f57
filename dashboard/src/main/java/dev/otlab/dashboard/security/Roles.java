package dev.otlab.dashboard.security;

import dev.otlab.core.OtlabException;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.List;

/**
 * The roles. Staff roles are linear (viewer, operator, admin: each includes the ones before it);
 * {@link #TRAINEE} stands apart and includes none of them: a trainee sees only the exercises they
 * joined (dev.otlab.dashboard.exercise), never the runs, results or library that would give an
 * exercise away.
 */
public final class Roles {
  public static final String TRAINEE = "trainee";
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  /** Every role, the trainee first, then the staff roles in order of power. */
  public static final List<String> ALL = List.of(TRAINEE, VIEWER, OPERATOR, ADMIN);

  /** The staff roles in order of power; each includes the ones before it. */
  public static final List<String> STAFF = List.of(VIEWER, OPERATOR, ADMIN);

  private Roles() {}

  /** The role and every role it includes. */
  public static List<String> granted(String role) {
    if (TRAINEE.equals(role)) {
      return List.of(TRAINEE);
    }
    int i = STAFF.indexOf(role);
    if (i < 0) {
      throw invalid(role);
    }
    return STAFF.subList(0, i + 1);
  }

  /**
   * An identity for a user holding a role, with every role it includes: Basic logins and sessions
   * build theirs here so that both grant the same.
   */
  public static QuarkusSecurityIdentity.Builder identity(String username, String role) {
    QuarkusSecurityIdentity.Builder b =
        QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(username));
    granted(role).forEach(b::addRole);
    return b;
  }

  public static String require(String role) {
    if (!ALL.contains(role)) {
      throw invalid(role);
    }
    return role;
  }

  private static OtlabException invalid(String role) {
    return new OtlabException(
        "ROLE_UNKNOWN", "There is no role '" + role + "'.", "Use one of " + ALL + ".");
  }
}
