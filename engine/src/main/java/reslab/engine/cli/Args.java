package reslab.engine.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Positional arguments and {@code --name value} options, checked against the allowed names. */
final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    Args(List<String> args, Set<String> allowed) throws UsageException {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (!allowed.contains(name)) throw new UsageException("unknown option --" + name + " (allowed: --" + String.join(", --", allowed) + ")");
                if (i + 1 >= args.size()) throw new UsageException("option --" + name + " needs a value");
                options.put(name, args.get(++i));
            } else {
                positional.add(a);
            }
        }
    }

    List<String> positional() { return positional; }

    String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    long integer(String name, long fallback, long min, long max) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + n);
        return n;
    }

    double decimal(String name, double fallback, double minExclusive, double max) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
        if (!(d > minExclusive && d <= max)) throw new UsageException("--" + name + " must be above " + minExclusive + " and at most " + max + ", got " + v);
        return d;
    }
}
