/**
 * Who may do what: accounts with hashed passwords checked on HTTP Basic requests, three roles
 * (viewer, operator, admin, each including the one before), and the first admin account.
 */
@NullMarked
package dev.otlab.dashboard.security;

import org.jspecify.annotations.NullMarked;
