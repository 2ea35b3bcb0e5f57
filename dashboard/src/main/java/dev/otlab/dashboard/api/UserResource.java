package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.dashboard.security.PasswordPolicy;
import dev.otlab.dashboard.security.Passwords;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.security.UserIdentityProvider;
import dev.otlab.dashboard.store.Audit;
import dev.otlab.dashboard.store.Users;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Who am I (any role); users and the audit log (admin). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Users users;
  @Inject Audit audit;
  @Inject SecurityIdentity identity;
  @Inject UserIdentityProvider provider;
  @Inject AuditNote note;

  @GET
  @Path("me")
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public ObjectNode me() {
    ObjectNode o = JSON.createObjectNode().put("user", identity.getPrincipal().getName());
    ArrayNode roles = o.putArray("roles");
    Roles.ALL.stream().filter(identity::hasRole).forEach(roles::add);
    return o;
  }

  /**
   * Changes one's own password; the current one is asked again so that a session left open does not
   * let someone else take the account over.
   */
  @PUT
  @Path("me/password")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public Response changeOwn(@Nullable Map<String, Object> body) {
    String name = identity.getPrincipal().getName();
    Object current = body == null ? null : body.get("current");
    Users.User u = users.find(name).orElseThrow(() -> ApiException.notFound("user", name));
    if (!(current instanceof String c) || !Passwords.verify(c, u.passwordHash())) {
      throw new ApiException(
          "PASSWORD_WRONG",
          "The current password is wrong.",
          "Give your current password as 'current' and the new one as 'password'.");
    }
    users.setPassword(name, Passwords.hash(newPassword(name, body)));
    provider.forget();
    note.set("changed own password");
    return Response.noContent().build();
  }

  /** An admin sets someone's password (a forgotten one, or the first admin's generated one). */
  @PUT
  @Path("users/{username}/password")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public Response reset(
      @PathParam("username") String username, @Nullable Map<String, Object> body) {
    String name = Users.normalize(existing(username).username());
    String hash = Passwords.hash(newPassword(name, body));
    if (!users.setPassword(name, hash)) {
      throw ApiException.notFound("user", username);
    }
    provider.forget();
    note.set("reset the password of '" + name + "'");
    return Response.noContent().build();
  }

  /** An admin gives someone another role; not themselves, so that an admin always remains. */
  @PUT
  @Path("users/{username}/role")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public ObjectNode changeRole(
      @PathParam("username") String username, @Nullable Map<String, Object> body) {
    String r = role(body);
    Users.User u = someoneElse(username, "change your own role", "change this account's role");
    String name = Users.normalize(username);
    users.setRole(name, r);
    provider.forget();
    note.set("changed the role of '" + name + "' from " + u.role() + " to " + r);
    return JSON.createObjectNode().put("username", name).put("role", r);
  }

  /** The stored user of that name (case-insensitive), or 404. */
  private Users.User existing(String username) {
    return users
        .find(Users.normalize(username))
        .orElseThrow(() -> ApiException.notFound("user", username));
  }

  /**
   * The stored user of that name, who must not be the caller: an admin who demoted or deleted
   * themselves could leave the service without one.
   */
  private Users.User someoneElse(String username, String refused, String instead) {
    if (Users.normalize(username).equals(identity.getPrincipal().getName())) {
      throw new ApiException(
          "USER_SELF",
          "You cannot " + refused + ".",
          "Log in as another admin to " + instead + ".");
    }
    return existing(username);
  }

  /** The role named in the body, one of {@link Roles#ALL}. */
  private static String role(@Nullable Map<String, Object> body) {
    Object role = body == null ? null : body.get("role");
    if (!(role instanceof String r)) {
      throw new ApiException("ROLE_UNKNOWN", "role is missing.", "Give one of " + Roles.ALL + ".");
    }
    Roles.require(r);
    return r;
  }

  /** The new password from the body, held to {@link PasswordPolicy} for {@code username}. */
  private static String newPassword(String username, @Nullable Map<String, Object> body) {
    Object password = body == null ? null : body.get("password");
    if (!(password instanceof String p)) {
      throw new ApiException(
          "PASSWORD_WEAK",
          "password is missing.",
          "Give the new password as 'password'. " + PasswordPolicy.ADVICE);
    }
    List<String> problems = PasswordPolicy.problems(username, p);
    if (!problems.isEmpty()) {
      throw new ApiException(
          "PASSWORD_WEAK", PasswordPolicy.describe(problems), PasswordPolicy.ADVICE);
    }
    return p;
  }

  @GET
  @Path("users")
  @RolesAllowed(Roles.ADMIN)
  public ArrayNode list() {
    ArrayNode out = JSON.createArrayNode();
    for (Users.User u : users.list()) {
      out.addObject()
          .put("username", u.username())
          .put("role", u.role())
          .put("created", Instant.ofEpochMilli(u.created()).toString());
    }
    return out;
  }

  @POST
  @Path("users")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public Response create(@Nullable Map<String, Object> body) {
    Object given = body == null ? null : body.get("username");
    if (!(given instanceof String n) || !LibraryNames.valid(n) || n.length() > 64) {
      throw new ApiException(
          "USERNAME_INVALID",
          "username is missing or not a name.",
          "Give a username of letters, digits, '_' and '-' (at most 64; case does not count).");
    }
    String name = Users.normalize(n);
    String p = newPassword(name, body);
    String r = role(body);
    if (users.find(name).isPresent()) {
      throw new ApiException(
          "USER_EXISTS",
          "User '" + name + "' exists (user names are case-insensitive).",
          "Pick another name, or delete it first.");
    }
    users.insert(new Users.User(name, Passwords.hash(p), r, System.currentTimeMillis()));
    provider.forget();
    note.set("created user '" + name + "' with role " + r);
    return Response.status(201)
        .entity(JSON.createObjectNode().put("username", name).put("role", r))
        .build();
  }

  @DELETE
  @Path("users/{username}")
  @RolesAllowed(Roles.ADMIN)
  public Response delete(@PathParam("username") String username) {
    Users.User u = someoneElse(username, "delete your own account", "delete this one");
    String name = Users.normalize(username);
    if (!users.delete(name)) {
      throw ApiException.notFound("user", username);
    }
    provider.forget();
    note.set("deleted user '" + name + "' (role " + u.role() + ")");
    return Response.noContent().build();
  }

  /**
   * The audit log, newest first, filtered and paged: {@code before} is the smallest {@code id} of
   * the page so far, so "load more" asks for the entries older than it.
   */
  @GET
  @Path("audit")
  @RolesAllowed(Roles.ADMIN)
  public ArrayNode audit(
      @QueryParam("limit") @DefaultValue("200") int limit,
      @QueryParam("user") @Nullable String user,
      @QueryParam("action") @Nullable String action,
      @QueryParam("from") @Nullable String from,
      @QueryParam("to") @Nullable String to,
      @QueryParam("text") @Nullable String text,
      @QueryParam("before") @Nullable Long before) {
    if (limit < 1 || limit > 10_000) {
      throw new ApiException(
          "LIMIT_INVALID", "limit " + limit + " is out of range.", "Give 1 to 10000.");
    }
    Long fromMs = instant("from", from);
    Long toMs = instant("to", to);
    if (fromMs != null && toMs != null && fromMs > toMs) {
      throw new ApiException(
          "AUDIT_TIME_INVALID",
          "from " + from + " is after to " + to + ".",
          "Give a from that is not after to, or leave one out.");
    }
    if (before != null && before < 1) {
      throw new ApiException(
          "AUDIT_FILTER_INVALID",
          "before " + before + " is not an entry id.",
          "Give the smallest id of the entries you have (1 or more), or leave it out.");
    }
    Audit.Query q =
        new Audit.Query(
            filter("user", user, 64),
            filter("action", action, 128),
            fromMs,
            toMs,
            filter("text", text, 200),
            before,
            limit);
    ArrayNode out = JSON.createArrayNode();
    for (Audit.Entry e : audit.find(q)) {
      out.addObject()
          .put("id", e.id())
          .put("time", Instant.ofEpochMilli(e.time()).toString())
          .put("user", e.user())
          .put("action", e.action())
          .put("target", e.target())
          .put("result", e.result());
    }
    return out;
  }

  /** A time filter as epoch milliseconds: an ISO-8601 instant, or null when not given. */
  private static @Nullable Long instant(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new ApiException(
          "AUDIT_TIME_INVALID",
          name + " '" + shorten(value) + "' is not an ISO-8601 instant.",
          "Give a UTC time such as 2026-01-31T08:00:00Z, or leave " + name + " out.");
    }
  }

  /** A text filter, trimmed; null when empty; refused when too long or with control characters. */
  private static @Nullable String filter(String name, @Nullable String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
      throw new ApiException(
          "AUDIT_FILTER_INVALID",
          name + " is longer than " + max + " characters or has control characters.",
          "Give at most " + max + " printable characters for " + name + ", or leave it out.");
    }
    return v;
  }

  /** A caller's value quoted back in an error, cut so a long one does not flood the message. */
  private static String shorten(String value) {
    String v =
        value.chars().anyMatch(Character::isISOControl) ? "(with control characters)" : value;
    return v.length() <= 40 ? v : v.substring(0, 40) + "…";
  }
}
