package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.store.Jobs;
import dev.otlab.scoring.Comparison;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Verdicts;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jspecify.annotations.Nullable;

/** What changed from one finished evaluation (or run) to another, and why. */
@Path("/api/comparisons")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ComparisonResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Jobs jobs;

  @GET
  public ObjectNode compare(
      @QueryParam("a") @Nullable String a, @QueryParam("b") @Nullable String b) {
    if (a == null || b == null) {
      throw new ApiException(
          "COMPARISON_INCOMPLETE",
          "A comparison needs two evaluations.",
          "Give ?a=ID&b=ID of two finished evaluations (or runs).");
    }
    Evaluation ea = evaluation(a);
    Evaluation eb = evaluation(b);
    Comparison c = Comparison.of(ea, eb);
    ObjectNode out = JSON.createObjectNode();
    out.put("a", a);
    out.put("b", b);
    out.set("comparison", JSON.valueToTree(c));
    out.put("text", c.text());
    // The conclusion first: which side did better, and whether beyond the noise over the seeds.
    out.put("verdict", Verdicts.of(c));
    out.set("scoresA", JSON.valueToTree(ea.scores()));
    out.set("scoresB", JSON.valueToTree(eb.scores()));
    return out;
  }

  private Evaluation evaluation(String id) {
    Jobs.Job j = jobs.find(id).orElseThrow(() -> ApiException.notFound("evaluation", id));
    return jobs.artifact(id, "evaluation.json")
        .map(x -> Evaluation.parse("evaluation " + id, x.body()))
        .orElseThrow(
            () ->
                new ApiException(
                    "JOB_NOT_FINISHED",
                    "Evaluation " + id + " is " + j.status().wire() + " and has no result.",
                    "Compare finished evaluations only."));
  }
}
