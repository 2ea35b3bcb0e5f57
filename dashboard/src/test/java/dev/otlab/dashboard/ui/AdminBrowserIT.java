package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The administration pages in a real browser: an admin creates a user, changes their role, resets
 * their password and deletes them, sees the API's refusals next to the action, and filters the
 * audit log; a viewer sees no admin entries, is told the admin pages are for admins, and sees the
 * start form's button disabled in looks as well as in fact; logged out, the top bar shows no
 * navigation. Screenshots of both admin pages at 1280x800 and 400x800 go to {@code
 * target/screenshots/}.
 */
@QuarkusTest
@RequiresChromium
class AdminBrowserIT extends BrowserTestBase {

  private static String unique(String prefix) {
    return prefix + "-" + USERS.incrementAndGet() + "-" + ProcessHandle.current().pid();
  }

  private Locator button(Locator scope, String name) {
    return scope.getByRole(
        AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }

  @Test
  void adminManagesUsersAndFiltersTheAuditLog() {
    String bob = unique("ui-bob");
    Page page = page();
    login(page, "admin", adminPassword());
    Locator nav = page.locator("#nav");
    assertThat(nav.getByText("Users")).isVisible();
    assertThat(nav.getByText("Audit")).isVisible();

    // The account page sends admins to the users page rather than to the API.
    page.getByTestId("whoami").locator("a").click();
    assertThat(page.getByTestId("account-hint")).not().containsText("PUT /api");
    page.getByTestId("account-hint").getByRole(AriaRole.LINK).click();
    page.waitForURL(Pattern.compile(".*#/users$"));
    assertThat(nav.locator("[aria-current=page]")).hasText("Users");

    // The admin's own row offers neither a role change nor a deletion, and says why.
    Locator self = page.locator("tr[data-user=admin]");
    assertThat(self).containsText("your own role");
    assertThat(self.locator("select")).hasCount(0);
    assertThat(button(self, "Delete")).hasCount(0);

    // A weak password is refused with the policy's own words, next to the form.
    Locator form = page.getByTestId("create-user");
    form.getByLabel("User name").fill(bob);
    form.getByLabel("Role").selectOption("viewer");
    form.getByLabel("Initial password").fill("password");
    button(form, "Create the user").click();
    Locator createStatus = page.getByTestId("create-status");
    assertThat(createStatus.locator("[role=alert]")).containsText("PASSWORD_WEAK: ");
    assertThat(createStatus).containsText("characters");
    assertThat(form.getByLabel("Initial password")).hasAttribute("aria-invalid", "true");

    String password = "bobs-first-pass-" + USERS.get();
    form.getByLabel("Initial password").fill(password);
    button(form, "Create the user").click();
    assertThat(createStatus).containsText(bob + " can log in now, as viewer");
    Locator row = page.locator("tr[data-user=" + bob + "]");
    assertThat(row).containsText("viewer");

    // The same name again (in other case) is the API's USER_EXISTS.
    form.getByLabel("User name").fill(bob.toUpperCase(Locale.ROOT));
    form.getByLabel("Initial password").fill(password);
    button(form, "Create the user").click();
    assertThat(createStatus.locator("[role=alert]")).containsText("USER_EXISTS: ");

    // Role change.
    Locator status = page.getByTestId("users-status");
    row.getByLabel("Role of " + bob).selectOption("operator");
    button(row, "Change role").click();
    assertThat(status).containsText(bob + " is now operator");
    assertThat(row.getByLabel("Role of " + bob)).hasValue("operator");

    // Password reset: refused first (the policy), then done.
    button(row, "Reset password").click();
    row.getByLabel("New password for " + bob).fill("12345678");
    button(row, "Set password").click();
    assertThat(row.locator("[role=alert]")).containsText("PASSWORD_WEAK: ");
    row.getByLabel("New password for " + bob).fill(password + "-reset");
    button(row, "Set password").click();
    assertThat(status).containsText("The password of " + bob + " is reset");
    shots(page, "admin-users");

    // Deletion asks first; "Keep" keeps.
    button(row, "Delete").click();
    assertThat(row.locator(".msg-warn")).containsText("Delete " + bob + " (operator)?");
    button(row, "Keep").click();
    assertThat(row.locator(".msg-warn")).hasCount(0);
    button(row, "Delete").click();
    button(row, "Yes, delete " + bob).click();
    assertThat(status).containsText(bob + " is deleted");
    assertThat(page.locator("tr[data-user=" + bob + "]")).hasCount(0);

    // The audit log, filtered by text: bob's story, newest first.
    nav.getByText("Audit").click();
    page.waitForURL(Pattern.compile(".*#/audit$"));
    assertThat(page.getByTestId("audit-summary")).containsText("newest first");
    page.getByLabel("Text").fill("'" + bob + "'");
    button(page.locator("form.filters"), "Filter").click();
    page.waitForURL(Pattern.compile(".*#/audit\\?text=.*"));
    Locator rows = page.getByTestId("audit-list").locator("tbody tr");
    assertThat(rows).hasCount(4);
    assertThat(rows.nth(0)).containsText("deleted user '" + bob + "' (role operator)");
    assertThat(rows.nth(1)).containsText("reset the password of '" + bob + "'");
    assertThat(rows.nth(2))
        .containsText("changed the role of '" + bob + "' from viewer to operator");
    assertThat(rows.nth(3)).containsText("created user '" + bob + "' with role viewer");
    assertThat(page.getByTestId("audit-summary")).containsText("4 entries matching the filters");
    // And by action too: only the deletion.
    page.getByLabel("Action").fill("DELETE");
    button(page.locator("form.filters"), "Filter").click();
    assertThat(rows).hasCount(1);
    assertThat(rows.first()).containsText("done");
    // The refusals of the weak passwords and the duplicate name are in the log as well.
    page.getByLabel("Action").fill("POST");
    page.getByLabel("Text").fill("USER_EXISTS");
    button(page.locator("form.filters"), "Filter").click();
    assertThat(rows.first()).containsText("409 USER_EXISTS");
    assertThat(rows.first()).containsText("refused");
    // A reload keeps the filters: they live in the address.
    page.reload();
    assertThat(page.getByLabel("Text")).hasValue("USER_EXISTS");
    assertThat(rows.first()).containsText("409 USER_EXISTS");
    page.navigate(base + "#/audit?user=admin");
    assertThat(rows.first()).containsText("admin");
    shots(page, "admin-audit");

    // More entries than a page (50): "Load more" fetches the older ones, then goes away.
    String ghost = unique("ui-ghost");
    for (int i = 0; i < 53; i++) {
      HttpResponse<String> refused =
          send(
              HttpRequest.newBuilder(URI.create(base + "api/users/" + ghost + "/role"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\"}")));
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
    }
    page.navigate(base + "#/audit?text=" + ghost);
    assertThat(rows).hasCount(50);
    assertThat(page.getByTestId("audit-summary")).containsText("50 entries matching the filters");
    page.getByTestId("audit-more").click();
    assertThat(rows).hasCount(53);
    assertThat(page.getByTestId("audit-summary")).containsText("the whole log that matches");
    assertThat(page.getByTestId("audit-more")).isHidden();
    assertThat(rows.last()).containsText("404 NOT_FOUND");
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void loggedOutNoNavAndAViewerSeesNoAdminPagesAndADisabledStartButton() {
    Page page = page();
    page.navigate(base.toString());
    assertThat(page.locator("#login-user")).isVisible();
    assertThat(page.locator("#nav")).isHidden();
    assertThat(page.locator("#logout")).isHidden();

    // Keyboard focus shows: tab from the user name to the password and the button.
    page.keyboard().press("Tab");
    page.keyboard().press("Tab");
    assertThat(page.locator("form.login button[type=submit]")).isFocused();
    assertThat(
            (String)
                page.evaluate(
                    "() => { const s = getComputedStyle(document.activeElement);"
                        + " return s.outlineStyle + ' ' + s.outlineWidth; }"))
        .isEqualTo("solid 3px");

    String user = unique("ui-viewer");
    String password = "viewer-password-" + USERS.get();
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(base + "api/users"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\""
                            + user
                            + "\",\"password\":\""
                            + password
                            + "\",\"role\":\"viewer\"}")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    login(page, user, password);
    Locator nav = page.locator("#nav");
    assertThat(nav).isVisible();
    assertThat(nav.getByText("Runs")).isVisible();
    assertThat(nav.getByText("Users")).isHidden();
    assertThat(nav.getByText("Audit")).isHidden();

    // By address, the admin pages say who they are for and show the API's refusal.
    for (String route : new String[] {"users", "audit"}) {
      page.navigate(base + "#/" + route);
      assertThat(page.getByTestId("admins-only")).containsText("Admins only");
      assertThat(page.getByTestId("admins-only")).containsText("signed in as viewer");
      assertThat(page.locator("main [role=alert]").nth(1)).containsText("FORBIDDEN: ");
    }
    page.getByTestId("whoami").locator("a").click();
    assertThat(page.getByTestId("account-hint")).containsText("an admin can reset");

    // The start button is disabled and looks it: grey, dashed, no pointer; a note says why.
    page.navigate(base + "#/start");
    Locator submit = page.getByTestId("start-submit");
    assertThat(submit).isDisabled();
    assertThat(page.locator("form.start")).containsText("needs the operator or admin role");
    assertThat(submit).hasCSS("cursor", "not-allowed");
    assertThat(submit).hasCSS("border-top-style", "dashed");
    assertThat(submit).not().hasCSS("background-color", "rgb(11, 92, 173)");
    assertThat(submit).hasCSS("opacity", "1");
    shot(page, "admin-start-viewer-disabled-1280");

    page.locator("#logout").click();
    assertThat(page.locator("#login-user")).isVisible();
    assertThat(page.locator("#nav")).isHidden();
    assertThat(page.locator("#userbox")).isHidden();
    assertThat(pageErrors).isEmpty();
  }

  /** Sends a request as the admin over HTTP Basic (a script's way in, no session needed). */
  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient()
          .send(
              request.header("Authorization", basic("admin", adminPassword())).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
