package dev.s2lite.emulator.auth;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an access token may do: the operations it may call (the union of {@code ops} and what the
 * operation groups grant) on the basins, streams and access token ids its resource sets match.
 *
 * <pre>{@code
 * AccessTokenScope readOrders = AccessTokenScope.builder()
 *     .basins(ResourceSet.exact("orders-basin"))
 *     .streams(ResourceSet.prefix("eu/"))
 *     .streamGroup(ReadWrite.READ_ONLY)
 *     .build();
 * }</pre>
 *
 * @param ops operations granted one by one
 */
public record AccessTokenScope(
    ResourceSet basins,
    ResourceSet streams,
    ResourceSet accessTokens,
    ReadWrite accountGroup,
    ReadWrite basinGroup,
    ReadWrite streamGroup,
    Set<Operation> ops) {

  /** Everything: what the root token may do. */
  public static final AccessTokenScope ALL = new AccessTokenScope(ResourceSet.ALL, ResourceSet.ALL,
      ResourceSet.ALL, ReadWrite.READ_WRITE, ReadWrite.READ_WRITE, ReadWrite.READ_WRITE,
      EnumSet.allOf(Operation.class));

  public AccessTokenScope {
    Objects.requireNonNull(basins, "basins");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(accessTokens, "accessTokens");
    Objects.requireNonNull(accountGroup, "accountGroup");
    Objects.requireNonNull(basinGroup, "basinGroup");
    Objects.requireNonNull(streamGroup, "streamGroup");
    ops = ops.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ops));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code op} is granted, one by one or through its group. */
  public boolean permits(Operation op) {
    if (ops.contains(op)) {
      return true;
    }
    return switch (op.level()) {
      case ACCOUNT -> accountGroup.grants(op);
      case BASIN -> basinGroup.grants(op);
      case STREAM -> streamGroup.grants(op);
    };
  }

  /** Every operation granted, in the API's order. */
  public Set<Operation> permitted() {
    EnumSet<Operation> all = EnumSet.noneOf(Operation.class);
    for (Operation op : Operation.values()) {
      if (permits(op)) {
        all.add(op);
      }
    }
    return all;
  }

  /** Whether this scope grants nothing that {@code wider} does not. */
  public boolean within(AccessTokenScope wider) {
    return basins.within(wider.basins) && streams.within(wider.streams)
        && accessTokens.within(wider.accessTokens) && wider.permitted().containsAll(permitted());
  }

  /** A scope built field by field; every field starts empty (nothing granted). */
  public static final class Builder {
    private ResourceSet basins = ResourceSet.NONE;
    private ResourceSet streams = ResourceSet.NONE;
    private ResourceSet accessTokens = ResourceSet.NONE;
    private ReadWrite accountGroup = ReadWrite.NONE;
    private ReadWrite basinGroup = ReadWrite.NONE;
    private ReadWrite streamGroup = ReadWrite.NONE;
    private final EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);

    private Builder() {}

    public Builder basins(ResourceSet basins) {
      this.basins = Objects.requireNonNull(basins, "basins");
      return this;
    }

    public Builder streams(ResourceSet streams) {
      this.streams = Objects.requireNonNull(streams, "streams");
      return this;
    }

    public Builder accessTokens(ResourceSet accessTokens) {
      this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
      return this;
    }

    public Builder accountGroup(ReadWrite permissions) {
      this.accountGroup = Objects.requireNonNull(permissions, "permissions");
      return this;
    }

    public Builder basinGroup(ReadWrite permissions) {
      this.basinGroup = Objects.requireNonNull(permissions, "permissions");
      return this;
    }

    public Builder streamGroup(ReadWrite permissions) {
      this.streamGroup = Objects.requireNonNull(permissions, "permissions");
      return this;
    }

    public Builder ops(Operation... ops) {
      this.ops.addAll(Set.of(ops));
      return this;
    }

    public Builder ops(Collection<Operation> ops) {
      this.ops.addAll(ops);
      return this;
    }

    public AccessTokenScope build() {
      return new AccessTokenScope(basins, streams, accessTokens, accountGroup, basinGroup, streamGroup, ops);
    }
  }
}
