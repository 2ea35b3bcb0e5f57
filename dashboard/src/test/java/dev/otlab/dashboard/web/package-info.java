/** Tests of the HTTP edge: sessions, CSRF and origin checks, content types, headers, timeouts. */
@NullMarked
package dev.otlab.dashboard.web;

import org.jspecify.annotations.NullMarked;
