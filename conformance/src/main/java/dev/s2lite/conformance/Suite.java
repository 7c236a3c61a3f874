package dev.s2lite.conformance;

import dev.s2lite.conformance.cases.AppendCases;
import dev.s2lite.conformance.cases.AutoCreateCases;
import dev.s2lite.conformance.cases.BasinCases;
import dev.s2lite.conformance.cases.CommandCases;
import dev.s2lite.conformance.cases.ConfigCases;
import dev.s2lite.conformance.cases.EncryptionCases;
import dev.s2lite.conformance.cases.HttpCases;
import dev.s2lite.conformance.cases.LimitCases;
import dev.s2lite.conformance.cases.ReadCases;
import dev.s2lite.conformance.cases.S2sCases;
import dev.s2lite.conformance.cases.SseCases;
import dev.s2lite.conformance.cases.StreamCases;
import dev.s2lite.conformance.cases.StubCases;
import dev.s2lite.conformance.cases.TailCases;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every case, in registration order; areas register theirs. */
public final class Suite {

  /** Behaviour of every S2 server. */
  public static final Set<TargetKind> ALL = EnumSet.allOf(TargetKind.class);
  /** Behaviour of the self-hosted servers (no authentication, direct endpoints, 501 stubs...). */
  public static final Set<TargetKind> SELF_HOSTED = EnumSet.of(TargetKind.EMULATOR, TargetKind.LITE);
  /** What s2-lite has and the emulator replaced (issue 13: access tokens and metrics). */
  public static final Set<TargetKind> LITE_ONLY = EnumSet.of(TargetKind.LITE);
  /** The emulator's own additions. */
  public static final Set<TargetKind> EMULATOR_ONLY = EnumSet.of(TargetKind.EMULATOR);

  private final List<Case> cases = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();

  public static Suite all() {
    Suite s = new Suite();
    BasinCases.register(s);
    StreamCases.register(s);
    ConfigCases.register(s);
    AppendCases.register(s);
    CommandCases.register(s);
    ReadCases.register(s);
    TailCases.register(s);
    SseCases.register(s);
    S2sCases.register(s);
    AutoCreateCases.register(s);
    EncryptionCases.register(s);
    LimitCases.register(s);
    HttpCases.register(s);
    StubCases.register(s);
    return s;
  }

  /** Adds a case that applies to every kind of server. */
  public void add(String area, String name, String title, Case.Body body) {
    add(area, name, title, ALL, body);
  }

  public void add(String area, String name, String title, Set<TargetKind> targets, Case.Body body) {
    String id = area + "." + name;
    if (!ids.add(id)) {
      throw new IllegalStateException("two cases named " + id);
    }
    cases.add(new Case(id, area, Set.copyOf(targets), title, body));
  }

  public List<Case> cases() {
    return List.copyOf(cases);
  }
}
