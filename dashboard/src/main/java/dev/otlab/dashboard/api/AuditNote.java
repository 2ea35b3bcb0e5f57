package dev.otlab.dashboard.api;

import jakarta.enterprise.context.RequestScoped;
import org.jspecify.annotations.Nullable;

/**
 * What a request changed, in words, for its audit entry: the method, path and status alone say
 * "POST /api/users 201" and not which user was made with which role. A resource sets it once the
 * change is done; {@link AuditFilter} appends it to the entry's result. Never a password.
 */
@RequestScoped
public class AuditNote {
  private @Nullable String note;

  public void set(String note) {
    this.note = note;
  }

  public @Nullable String get() {
    return note;
  }
}
