package dev.otlab.network;

/** How guessable a host's accounts are; default and weak credentials make pivots possible. */
public enum Credentials {
  STRONG,
  WEAK,
  DEFAULT
}
