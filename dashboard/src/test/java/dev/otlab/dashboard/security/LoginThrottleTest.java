package dev.otlab.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The backoff as time passes on a clock the test moves; nothing sleeps. */
class LoginThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoginThrottle throttle =
      new LoginThrottle(
          new LoginThrottle.Settings(
              5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), 1000),
          now::get);

  private void fail(String key) {
    assertThat(throttle.admit(key).admitted()).isTrue();
    throttle.failed(key);
  }

  @Test
  void fiveFailuresAreFreeAndTheFifthBlocksForASecond() {
    for (int i = 0; i < 4; i++) {
      fail("ada");
    }
    assertThat(throttle.admit("ada").admitted()).isTrue();
    assertThat(throttle.failed("ada")).isEqualTo(new LoginThrottle.Failure(5, 1000));
    LoginThrottle.Admission refused = throttle.admit("ada");
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterMillis()).isEqualTo(1000);
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    // Other names are not affected.
    assertThat(throttle.admit("bob").admitted()).isTrue();
  }

  @Test
  void everyFurtherFailureDoublesTheBlockUpToTheMaximum() {
    for (int i = 0; i < 5; i++) {
      fail("ada");
    }
    long expected = 1000;
    for (int i = 0; i < 12; i++) {
      now.addAndGet(throttle.admit("ada").retryAfterMillis());
      assertThat(throttle.admit("ada").admitted()).isTrue();
      expected = Math.min(expected * 2, 15 * 60_000);
      assertThat(throttle.failed("ada").blockMillis()).isEqualTo(expected);
    }
    assertThat(throttle.admit("ada").retryAfterSeconds()).isEqualTo(15 * 60);
    now.addAndGet(15 * 60_000 - 1);
    assertThat(throttle.admit("ada").admitted()).isFalse();
    assertThat(throttle.admit("ada").retryAfterMillis()).isEqualTo(1);
  }

  @Test
  void aBlockedKeyRefusesWithTheRemainingTimeRoundedUpToSeconds() {
    for (int i = 0; i < 7; i++) {
      LoginThrottle.Admission a = throttle.admit("ada");
      if (!a.admitted()) {
        now.addAndGet(a.retryAfterMillis());
        a = throttle.admit("ada");
      }
      assertThat(a.admitted()).isTrue();
      throttle.failed("ada");
    }
    // The 7th failure blocks for 4 s.
    now.addAndGet(1500);
    LoginThrottle.Admission a = throttle.admit("ada");
    assertThat(a.retryAfterMillis()).isEqualTo(2500);
    assertThat(a.retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void successForgetsTheFailuresOfAUserButNotOfAnAddress() {
    for (int i = 0; i < 4; i++) {
      fail("ada");
      fail("10.0.0.1");
    }
    assertThat(throttle.admit("ada").admitted()).isTrue();
    throttle.succeeded("ada", true);
    assertThat(throttle.failures("ada")).isZero();
    assertThat(throttle.admit("10.0.0.1").admitted()).isTrue();
    throttle.succeeded("10.0.0.1", false);
    assertThat(throttle.failures("10.0.0.1")).isEqualTo(4);
    // The address's next failure is its fifth and blocks it.
    assertThat(throttle.admit("10.0.0.1").admitted()).isTrue();
    assertThat(throttle.failed("10.0.0.1").blockMillis()).isEqualTo(1000);
  }

  @Test
  void checksInFlightCountSoAConcurrentBurstGetsNoMoreThanTheFreeFailures() {
    int admitted = 0;
    for (int i = 0; i < 16; i++) {
      if (throttle.admit("ada").admitted()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      throttle.failed("ada");
    }
    assertThat(throttle.failures("ada")).isEqualTo(5);
    assertThat(throttle.admit("ada").admitted()).isFalse();
  }

  @Test
  void pastTheFreeFailuresOnlyOneCheckRunsAtATime() {
    for (int i = 0; i < 5; i++) {
      fail("ada");
    }
    now.addAndGet(1000);
    assertThat(throttle.admit("ada").admitted()).isTrue();
    LoginThrottle.Admission second = throttle.admit("ada");
    assertThat(second.admitted()).isFalse();
    assertThat(second.retryAfterSeconds()).isEqualTo(1);
    throttle.abandoned("ada");
    assertThat(throttle.admit("ada").admitted()).isTrue();
  }

  @Test
  void anAbandonedCheckCountsNothing() {
    for (int i = 0; i < 10; i++) {
      assertThat(throttle.admit("ada").admitted()).isTrue();
      throttle.abandoned("ada");
    }
    assertThat(throttle.failures("ada")).isZero();
    assertThat(throttle.size()).isZero();
  }

  @Test
  void failuresAreForgottenAWindowAfterTheLastFailureOrTheEndOfTheBlock() {
    for (int i = 0; i < 4; i++) {
      fail("ada");
    }
    now.addAndGet(Duration.ofMinutes(15).toMillis() - 1);
    assertThat(throttle.failures("ada")).isEqualTo(4);
    now.addAndGet(2);
    assertThat(throttle.failures("ada")).isZero();
    // Free again: five more failures before a block.
    for (int i = 0; i < 4; i++) {
      fail("ada");
    }
    assertThat(throttle.admit("ada").admitted()).isTrue();
    // Waiting out a block is not enough to be forgotten: the next failure doubles it.
    assertThat(throttle.failed("ada").blockMillis()).isEqualTo(1000);
    now.addAndGet(1000 + Duration.ofMinutes(10).toMillis());
    fail("ada");
    assertThat(throttle.admit("ada").retryAfterMillis()).isEqualTo(2000);
  }

  @Test
  void aFloodOfMadeUpNamesKeepsTheMapBounded() {
    for (int i = 0; i < 5000; i++) {
      fail("name-" + i);
    }
    assertThat(throttle.size()).isLessThanOrEqualTo(1001);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(
            () ->
                new LoginThrottle.Settings(
                    0, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new LoginThrottle.Settings(
                    5, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
