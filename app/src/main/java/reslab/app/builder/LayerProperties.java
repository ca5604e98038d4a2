package reslab.app.builder;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.Shape;

/**
 * The editable properties of a layer, read off its record components, so every layer kind
 * the engine has is editable without a hand-written form. A padding appears as its mode
 * and its two sizes; a shape as text ("1x28x28"). {@link #with} validates a typed value and
 * builds the new record.
 */
public final class LayerProperties {
    private LayerProperties() {}

    /** The kinds of editor the inspector shows. */
    public enum Type { INT, DOUBLE, BOOLEAN, INIT, PADDING_MODE, GATE_KIND, SHAPE }

    /**
     * One property. {@code name} is the record component (or "padding.mode", "padding.h",
     * "padding.w"); labels and help texts come from the bundle: "prop.NAME", "prop.NAME.help".
     */
    public record Property(String name, Type type, Object value) {
        public String text() {
            if (value instanceof Init i) return i.name();
            if (value instanceof Double d) {
                String s = Double.toString(d);
                return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
            }
            return String.valueOf(value);
        }
    }

    /** A typed value that cannot be used; the message says why (English; code for translation). */
    public static final class InvalidValue extends Exception {
        private final String code;

        InvalidValue(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public static List<Property> of(LayerSpec spec) {
        List<Property> out = new ArrayList<>();
        for (RecordComponent c : spec.getClass().getRecordComponents()) {
            Object v = read(c, spec);
            Class<?> t = c.getType();
            if (t == int.class) out.add(new Property(c.getName(), Type.INT, v));
            else if (t == double.class) out.add(new Property(c.getName(), Type.DOUBLE, v));
            else if (t == boolean.class) out.add(new Property(c.getName(), Type.BOOLEAN, v));
            else if (t == Init.class) out.add(new Property(c.getName(), Type.INIT, v));
            else if (t == Shape.class) out.add(new Property(c.getName(), Type.SHAPE, v));
            else if (t == GateSpec.Kind.class) out.add(new Property(c.getName(), Type.GATE_KIND, v));
            else if (t == Padding.class) {
                Padding p = (Padding) v;
                out.add(new Property("padding.mode", Type.PADDING_MODE, p.mode()));
                if (p.mode() == Padding.Mode.EXPLICIT) {
                    out.add(new Property("padding.h", Type.INT, p.h()));
                    out.add(new Property("padding.w", Type.INT, p.w()));
                }
            }
        }
        return out;
    }

    /** The layer with property {@code name} set from the typed {@code text}. */
    public static LayerSpec with(LayerSpec spec, String name, String text) throws InvalidValue {
        RecordComponent[] comps = spec.getClass().getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        boolean found = false;
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            types[i] = c.getType();
            args[i] = read(c, spec);
            if (c.getName().equals(name)) {
                args[i] = parse(name, c.getType(), text);
                found = true;
            } else if (c.getType() == Padding.class && name.startsWith("padding.")) {
                args[i] = paddingWith((Padding) args[i], name, text);
                found = true;
            }
        }
        if (!found) throw new IllegalArgumentException(spec.kind() + " has no property " + name);
        try {
            Constructor<?> ctor = spec.getClass().getDeclaredConstructor(types);
            return (LayerSpec) ctor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new InvalidValue("rejected", cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + spec.kind(), e);
        }
    }

    private static Object read(RecordComponent c, LayerSpec spec) {
        try {
            return c.getAccessor().invoke(spec);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Padding paddingWith(Padding p, String name, String text) throws InvalidValue {
        switch (name) {
            case "padding.mode" -> {
                Padding.Mode mode;
                try {
                    mode = Padding.Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidValue("padding-mode", "padding is same, valid or explicit");
                }
                return mode == Padding.Mode.EXPLICIT ? Padding.explicit(p.h(), p.w()) : new Padding(mode, 0, 0);
            }
            case "padding.h" -> {
                return Padding.explicit(nonNegative(name, text), p.w());
            }
            case "padding.w" -> {
                return Padding.explicit(p.h(), nonNegative(name, text));
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    private static Object parse(String name, Class<?> type, String text) throws InvalidValue {
        String t = text.trim();
        if (type == int.class) {
            return positive(name, t);
        }
        if (type == double.class) {
            double d;
            try {
                d = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new InvalidValue("not-a-number", "'" + text + "' is not a number");
            }
            if (!Double.isFinite(d)) throw new InvalidValue("not-a-number", "'" + text + "' is not a finite number");
            switch (name) {
                case "rate" -> {
                    if (d < 0 || d >= 1) throw new InvalidValue("rate-range", "the dropout rate must be at least 0 and below 1");
                }
                case "epsilon" -> {
                    if (d <= 0) throw new InvalidValue("positive", "epsilon must be above 0");
                }
                case "momentum" -> {
                    if (d <= 0 || d > 1) throw new InvalidValue("momentum-range", "momentum must be above 0 and at most 1");
                }
                case "alpha" -> {
                    if (d < 0) throw new InvalidValue("non-negative", "alpha must not be negative");
                }
                default -> { }
            }
            return d;
        }
        if (type == boolean.class) {
            if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) throw new InvalidValue("boolean", "true or false");
            return Boolean.parseBoolean(t);
        }
        if (type == Init.class) {
            try {
                return Init.parse(t);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("init", e.getMessage());
            }
        }
        if (type == GateSpec.Kind.class) {
            try {
                return GateSpec.Kind.valueOf(t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("gate-kind", "plain or residual");
            }
        }
        if (type == Shape.class) {
            String[] parts = t.toLowerCase(Locale.ROOT).split("\\s*[x×,]\\s*");
            int[] dims = new int[parts.length];
            for (int i = 0; i < parts.length; i++) dims[i] = positive(name, parts[i]);
            if (dims.length != 1 && dims.length != 3) {
                throw new InvalidValue("shape-rank", "a shape is one size (features) or three (channels x height x width)");
            }
            return Shape.of(dims);
        }
        throw new IllegalArgumentException("no parser for " + type);
    }

    private static int positive(String name, String t) throws InvalidValue {
        int v = integer(t);
        if (v < 1) throw new InvalidValue("positive", name + " must be at least 1");
        return v;
    }

    private static int nonNegative(String name, String t) throws InvalidValue {
        int v = integer(t.trim());
        if (v < 0) throw new InvalidValue("non-negative", name + " must not be negative");
        return v;
    }

    private static int integer(String t) throws InvalidValue {
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new InvalidValue("not-a-whole-number", "'" + t + "' is not a whole number");
        }
    }
}
