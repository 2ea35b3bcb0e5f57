/** Tests of password hashing and roles. */
@NullMarked
package dev.otlab.dashboard.security;

import org.jspecify.annotations.NullMarked;
