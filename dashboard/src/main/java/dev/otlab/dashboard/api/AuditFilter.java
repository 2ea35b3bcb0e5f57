package dev.otlab.dashboard.api;

import dev.otlab.dashboard.store.Audit;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes every request that could change something (anything but GET, HEAD and OPTIONS) to the
 * audit log once it has been answered, refused ones included: who, what, on which path, and the
 * outcome (status and error code), and what changed when the resource says so ({@link AuditNote}).
 */
public class AuditFilter {
  private static final Logger LOG = Logger.getLogger(AuditFilter.class);

  @Inject Audit audit;
  @Inject CurrentIdentityAssociation identity;
  @Inject AuditNote note;

  @ServerResponseFilter
  public void record(ContainerRequestContext request, ContainerResponseContext response) {
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return;
    }
    String user;
    try {
      var id = identity.getIdentity();
      user = id.isAnonymous() ? "anonymous" : id.getPrincipal().getName();
    } catch (RuntimeException e) {
      user = "anonymous";
    }
    String result = Integer.toString(response.getStatus());
    Object entity = response.getEntity();
    if (entity instanceof ApiError err) {
      result += " " + err.code();
    } else if (entity instanceof com.fasterxml.jackson.databind.JsonNode n && n.has("id")) {
      result += " " + n.get("id").asText();
    }
    String said = note.get();
    if (said != null) {
      result += " " + said;
    }
    try {
      audit.record(user, method, request.getUriInfo().getPath(), result);
    } catch (RuntimeException e) {
      // The answer has gone out; a failed audit write must be loud in the log.
      LOG.errorf(
          e,
          "otlab: could not write the audit entry for %s %s",
          method,
          request.getUriInfo().getPath());
    }
  }
}
