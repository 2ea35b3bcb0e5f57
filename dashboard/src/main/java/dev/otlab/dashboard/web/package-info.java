/**
 * The HTTP edge of the service, in front of the API and the web UI: login sessions for the UI (a
 * SameSite=Strict cookie plus a CSRF token) beside HTTP Basic for scripts, the cross-origin and
 * content-type guard on every state-changing request, the security and caching headers of every
 * answer, and the content-hashed asset paths that let browsers cache the UI's files for good.
 */
@NullMarked
package dev.otlab.dashboard.web;

import org.jspecify.annotations.NullMarked;
