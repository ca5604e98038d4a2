package reslab.app.train;

import java.util.List;

/** The speed caps offered, in steps per second; infinity is full speed. */
public final class SettingsViewSpeeds {
    private SettingsViewSpeeds() {}

    public static final List<Double> SPEEDS = List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, Double.POSITIVE_INFINITY);
}
