package reslab.engine.spec;

/**
 * Inverted dropout: in training each element is zeroed with probability {@code rate} and the
 * rest scaled by 1 / (1 - rate); in evaluation the identity. Masks come from the run's seed.
 */
public record DropoutSpec(double rate) implements LayerSpec {
    public String kind() { return "Dropout"; }
}
