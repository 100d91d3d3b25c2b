package dev.estuary.core.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API's records carry secrets to the CLI but never show them in toString. */
class AdminViewsTest {
  @Test
  void secretsAreRedacted() {
    AdminViews.KeysView keys = new AdminViews.KeysView("ESKEY", "the-secret-key");
    AdminViews.UserView user = new AdminViews.UserView("alice", 1000, 1000, false, "ESKEY",
        Map.of(), List.of(), List.of(), "S-1-5-21-1-2-3-3000", true);
    List<Object> views = List.of(keys,
        new AdminViews.TokenView("id1", "est_id1_the-token"),
        new AdminViews.AddUser("alice", "the-password", null, null, false),
        new AdminViews.AddedUser(user, keys, "the-generated"),
        new AdminViews.Password("the-password"));
    for (Object v : views) {
      assertThat(v.toString()).contains("<redacted>").doesNotContain("the-");
    }
    assertThat(keys.toString()).contains("ESKEY");
  }
}
