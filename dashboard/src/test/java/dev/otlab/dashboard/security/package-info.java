/** Tests of password hashing, the password policy, the login throttle and logins over HTTP. */
@NullMarked
package dev.otlab.dashboard.security;

import org.jspecify.annotations.NullMarked;
