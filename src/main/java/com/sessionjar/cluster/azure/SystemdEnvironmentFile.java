package com.sessionjar.cluster.azure;

import com.sessionjar.BadInputException;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A systemd {@code EnvironmentFile}: one {@code NAME="value"} line a variable. Inside double quotes
 * systemd takes {@code \\ \" \$ \`} as the character escaped and expands nothing, so every value
 * round-trips but one with a line break, which is refused rather than cut.
 */
final class SystemdEnvironmentFile {
    private SystemdEnvironmentFile() {
    }

    /**
     * The file for {@code environment}, each value passed through {@code shown} (name, value) first,
     * which lets a caller redact secrets.
     *
     * @throws BadInputException naming a variable whose name systemd would ignore or whose value has a line break
     */
    static String render(String header, Map<String, String> environment, BiFunction<String, String, String> shown) {
        StringBuilder file = new StringBuilder("# ").append(header).append('\n');
        environment.forEach((name, value) -> {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new BadInputException("Environment variable name '" + name
                        + "' must be letters, digits and underscores, not starting with a digit: systemd ignores others");
            }
            if (value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                throw new BadInputException("Environment variable " + name
                        + " has a line break or NUL in its value, which a node's worker.env cannot carry");
            }
            file.append(name).append("=\"").append(escape(shown.apply(name, value))).append("\"\n");
        });
        return file.toString();
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '"' || c == '$' || c == '`') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
