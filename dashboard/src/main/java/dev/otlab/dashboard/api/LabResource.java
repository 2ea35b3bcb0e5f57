package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.jobs.JobManager;
import dev.otlab.dashboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Where runs can play: always in the service's embedded lab, and across a container lab when the
 * service is its process node (the reference docker-compose.yml), so the start form can offer it.
 */
@Path("/api/lab")
@Produces(MediaType.APPLICATION_JSON)
public class LabResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject JobManager manager;

  @GET
  @RolesAllowed(Roles.VIEWER)
  public ObjectNode lab() {
    ObjectNode o = JSON.createObjectNode();
    o.put("embedded", true);
    manager
        .containerLab()
        .ifPresentOrElse(
            c ->
                o.putObject("containers")
                    .put("architecture", c.architecture())
                    .put("processAddress", c.processAddress()),
            () -> o.putNull("containers"));
    return o;
  }
}
