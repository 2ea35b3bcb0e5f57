package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.store.Audit;
import dev.otlab.dashboard.store.Uploads;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.ArchitectureVariant;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.Library;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.process.MimicLayout;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ProcessModels;
import dev.otlab.scoring.arch.CheckReport;
import dev.otlab.simulator.plant.PlantProcess;
import dev.otlab.simulator.plant.PlantSpec;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/** Plants, architectures, detection profiles, scenarios and suites; uploads of new files. */
@Path("/api/library")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class LibraryResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject LibraryService library;
  @Inject SecurityIdentity identity;
  @Inject ObjectMapper mapper;
  @Inject Audit audit;

  @GET
  @Path("plants")
  public ArrayNode plants() {
    ArrayNode out = JSON.createArrayNode();
    for (String n : Library.names("plants")) {
      PlantSpec p = PlantLoader.load(n);
      out.addObject()
          .put("id", p.id())
          .put("title", p.title())
          .put("description", p.description())
          .put("source", library.source(library.kind("plants"), n));
    }
    return out;
  }

  /**
   * The plant file as loaded, plus its drawing: the file's {@code mimic:} section, else the one its
   * Java model kind describes (null when neither).
   */
  @GET
  @Path("plants/{id}")
  public ObjectNode plant(@PathParam("id") String id) {
    PlantSpec p = load("plant", id, PlantLoader::load);
    ObjectNode out = mapper.valueToTree(p);
    // The declared sections reach the client resolved (mimic below), not twice; the process is
    // described by its kind, overrides and parameters: an FMU binding's file is a path on this
    // server, not the client's business.
    out.remove("declaredKnowledge");
    out.remove("process");
    out.put("model", p.model());
    out.set("parameters", mapper.valueToTree(p.parameters()));
    out.set("modelParameters", modelParameters(p));
    out.set("mimic", mimic(p));
    out.put("source", library.source(library.kind("plants"), id));
    return out;
  }

  /**
   * Every parameter of the plant's model with its meaning, default and the value this plant uses.
   */
  private ArrayNode modelParameters(PlantSpec p) {
    ArrayNode out = mapper.createArrayNode();
    if (p.process() instanceof PlantProcess.Declared d) {
      // A model the plant file declares describes its parameters itself.
      ModelParameters resolved = d.spec().create(d.parameters()).parameters();
      for (ModelParameters.Definition def : d.spec().parameterDefinitions()) {
        out.addObject()
            .put("name", def.name())
            .put("unit", def.unit())
            .put("meaning", def.meaning())
            .put("constraint", def.constraint().name())
            .put("default", def.defaultValue())
            .put("value", resolved.get(def.name()));
      }
      return out;
    }
    ProcessModels.find(p.model())
        .ifPresent(
            k -> {
              ModelParameters resolved = ProcessModels.resolve(p.model(), p.parameters());
              for (ModelParameters.Definition d : k.parameters()) {
                out.addObject()
                    .put("name", d.name())
                    .put("unit", d.unit())
                    .put("meaning", d.meaning())
                    .put("constraint", d.constraint().name())
                    .put("default", d.defaultValue())
                    .put("value", resolved.get(d.name()));
              }
            });
    return out;
  }

  /**
   * The plant's drawing (a Java kind's with this plant's parameters), each unit tagged with its
   * type because the records carry it as a method, not as a component.
   */
  private JsonNode mimic(PlantSpec p) {
    MimicLayout layout = p.knowledge().mimic().orElse(null);
    if (layout == null) {
      return mapper.nullNode();
    }
    ObjectNode out = mapper.valueToTree(layout);
    ArrayNode units = out.putArray("units");
    for (MimicLayout.Unit u : layout.units()) {
      ObjectNode n = mapper.valueToTree(u);
      n.put("type", u.type());
      units.add(n);
    }
    return out;
  }

  @GET
  @Path("architectures")
  public ArrayNode architectures() {
    return list(
        "architectures",
        ArchitectureLoader::load,
        ArchitectureSpec::title,
        (a, o) -> {
          var findings = CheckReport.of(a).findings();
          o.put("plant", a.plant()).put("findings", findings.size());
          // Counts per severity, so a list can show 8 high as worse than 10 low.
          ObjectNode by = o.putObject("findingsBySeverity");
          for (dev.otlab.scoring.arch.Severity sev : dev.otlab.scoring.arch.Severity.values()) {
            by.put(
                sev.name().toLowerCase(java.util.Locale.ROOT),
                findings.stream().filter(f -> f.severity() == sev).count());
          }
        });
  }

  @GET
  @Path("architectures/{id}")
  public ObjectNode architecture(@PathParam("id") String id) {
    ArchitectureSpec a = load("architecture", id, ArchitectureLoader::load);
    CheckReport r = CheckReport.of(a);
    ObjectNode out = JSON.createObjectNode();
    out.set("spec", JSON.valueToTree(a));
    // The same JSON as `otlab check --json`: one documented shape, written by the report itself
    // rather than by reflecting over its analysis types.
    out.set("check", r.toJson(JSON));
    out.put("source", library.source(library.kind("architectures"), id));
    return out;
  }

  @GET
  @Path("detection-profiles")
  public ArrayNode profiles() {
    return list(
        "detection-profiles", DetectionLoader::load, DetectionProfile::description, (p, o) -> {});
  }

  @GET
  @Path("detection-profiles/{id}")
  public DetectionProfile profile(@PathParam("id") String id) {
    return load("detection profile", id, DetectionLoader::load);
  }

  @GET
  @Path("scenarios")
  public ArrayNode scenarios() {
    return list(
        "scenarios",
        ScenarioLoader::load,
        ScenarioSpec::title,
        (s, o) -> {
          o.put("plant", s.plant()).put("durationSeconds", s.durationSeconds());
          ArrayNode t = o.putArray("techniques");
          s.steps().stream().map(ScenarioSpec.Step::technique).distinct().forEach(t::add);
        });
  }

  @GET
  @Path("scenarios/{id}")
  public ScenarioSpec scenario(@PathParam("id") String id) {
    return load("scenario", id, ScenarioLoader::load);
  }

  @GET
  @Path("suites")
  public ArrayNode suites() {
    return list(
        "suites",
        SuiteLoader::load,
        SuiteSpec::title,
        (s, o) -> {
          ArrayNode ids = o.putArray("scenarios");
          s.scenarios().forEach(x -> ids.add(x.id()));
        });
  }

  @GET
  @Path("suites/{id}")
  public ObjectNode suite(@PathParam("id") String id) {
    SuiteSpec s = load("suite", id, SuiteLoader::load);
    ObjectNode o = JSON.createObjectNode().put("id", s.id()).put("title", s.title());
    o.put("description", s.description());
    ArrayNode ids = o.putArray("scenarios");
    s.scenarios().forEach(x -> ids.add(x.id()));
    return o;
  }

  /** The sweeps: id, title, and what each one plays (architectures, suites, seeds, ...). */
  @GET
  @Path("sweeps")
  public ArrayNode sweeps() {
    return list("sweeps", SweepLoader::load, SweepSpec::title, LibraryResource::sweepFields);
  }

  /** One sweep as {@link #sweeps()} lists it, with its description and source. */
  @GET
  @Path("sweeps/{id}")
  public ObjectNode sweep(@PathParam("id") String id) {
    SweepSpec s = load("sweep", id, SweepLoader::load);
    ObjectNode o = JSON.createObjectNode().put("id", s.id()).put("title", s.title());
    sweepFields(s, o);
    o.put("source", library.source(library.kind("sweeps"), id));
    return o;
  }

  private static void sweepFields(SweepSpec s, ObjectNode o) {
    o.set("architectures", JSON.valueToTree(s.architectures()));
    o.set("suites", JSON.valueToTree(s.suites()));
    o.set("seeds", JSON.valueToTree(s.seedList()));
    o.set("detection", JSON.valueToTree(s.detection()));
    o.set("defences", JSON.valueToTree(s.defences()));
    // Variants are among the architectures by id; each is its base and changes in words.
    ArrayNode variants = o.putArray("variants");
    for (ArchitectureVariant v : s.variants()) {
      ObjectNode n = variants.addObject().put("id", v.id()).put("base", v.base());
      ArrayNode changes = n.putArray("changes");
      v.changes().forEach(c -> changes.add(c.summary()));
    }
  }

  /**
   * The response playbooks: id, title, plant, description, and per rule its id, description, what
   * fires it and the kinds of action it asks for.
   */
  @GET
  @Path("playbooks")
  public ArrayNode playbooks() {
    return list(
        "playbooks", PlaybookLoader::load, PlaybookSpec::title, LibraryResource::playbookFields);
  }

  /** One playbook as {@link #playbooks()} lists it, with its YAML text. */
  @GET
  @Path("playbooks/{id}")
  public ObjectNode playbook(@PathParam("id") String id) {
    PlaybookSpec p = load("playbook", id, PlaybookLoader::load);
    ObjectNode o = JSON.createObjectNode().put("id", p.id()).put("title", p.title());
    playbookFields(p, o);
    o.put("source", library.source(library.kind("playbooks"), id));
    o.put("yaml", Library.read("playbooks", id).text());
    return o;
  }

  /** What fires a rule, in words. */
  private static String when(PlaybookSpec.Trigger t) {
    if (t instanceof PlaybookSpec.Trigger.OnAlert a) {
      return a.count()
          + " alert(s) of severity "
          + a.severity().name().toLowerCase(java.util.Locale.ROOT)
          + " or more"
          + (a.detector() == null ? "" : " from " + a.detector())
          + (a.rule() == null ? "" : " rule " + a.rule())
          + (a.technique() == null ? "" : " of " + a.technique())
          + (a.host() == null ? "" : " on " + a.host().text())
          + (a.source() == null ? "" : " from host " + a.source().text())
          + (a.destination() == null ? "" : " to " + a.destination().text())
          + (a.withinSeconds() == null ? "" : " within " + a.withinSeconds() + " s");
    }
    PlaybookSpec.Trigger.OnProcess p = (PlaybookSpec.Trigger.OnProcess) t;
    return p.level().describe() + " for " + p.forSeconds() + " s";
  }

  private static void playbookFields(PlaybookSpec p, ObjectNode o) {
    o.put("plant", p.plant()).put("description", p.description());
    ArrayNode rules = o.putArray("rules");
    for (PlaybookSpec.Rule r : p.rules()) {
      ObjectNode n = rules.addObject().put("id", r.id()).put("description", r.description());
      n.put("when", when(r.when()));
      ArrayNode actions = n.putArray("actions");
      for (PlaybookSpec.Action a : r.actions()) {
        actions.addObject().put("kind", a.what().kind()).put("after", a.afterSeconds());
      }
    }
  }

  @POST
  @Path("{kind}")
  @Consumes({MediaType.TEXT_PLAIN, "application/yaml", "application/x-yaml", "text/yaml"})
  @RolesAllowed(Roles.OPERATOR)
  public Response upload(@PathParam("kind") String kind, String yaml) {
    LibraryService.Kind k = library.kind(kind);
    String id = library.upload(k, yaml, identity.getPrincipal().getName());
    ObjectNode o = JSON.createObjectNode().put("kind", k.api()).put("id", id);
    return Response.status(201).entity(o).build();
  }

  /**
   * Deletes an uploaded file (never a shipped one): its uploader or an admin may, unless a queued
   * or running job or a suite still needs it. The audit log gets what was deleted.
   */
  @DELETE
  @Path("{kind}/{id}")
  @RolesAllowed(Roles.OPERATOR)
  public ObjectNode delete(@PathParam("kind") String kind, @PathParam("id") String id) {
    LibraryService.Kind k = library.kind(kind);
    String me = identity.getPrincipal().getName();
    Uploads.Upload u = library.delete(k, id, me, identity.hasRole(Roles.ADMIN));
    audit.record(
        me,
        "DELETE upload",
        k.api() + "/" + id,
        "deleted " + u.body().length() + " chars uploaded by " + u.user() + " at " + u.created());
    return JSON.createObjectNode().put("kind", k.api()).put("id", id).put("deleted", true);
  }

  /**
   * One entry per library and uploaded file of a kind: id, title, where it came from, and what
   * {@code more} adds.
   */
  private <T> ArrayNode list(
      String kind,
      Function<String, T> loader,
      Function<T, String> title,
      java.util.function.BiConsumer<T, ObjectNode> more) {
    LibraryService.Kind k = library.kind(kind);
    ArrayNode out = JSON.createArrayNode();
    for (String n : Library.names(k.folder())) {
      T spec = loader.apply(n);
      ObjectNode o = out.addObject().put("id", n).put("title", title.apply(spec));
      o.put("source", library.source(k, n));
      more.accept(spec, o);
    }
    return out;
  }

  /** Loads one named file; an unknown or malformed name is a 404, not a 400. */
  private static <T> T load(String what, String id, Function<String, T> loader) {
    if (!LibraryNames.valid(id)) {
      throw ApiException.notFound(what, id);
    }
    try {
      return loader.apply(id);
    } catch (OtlabException e) {
      if (e.code().equals("LIBRARY_NAME_UNKNOWN")) {
        throw ApiException.notFound(what, id);
      }
      throw e;
    }
  }
}
