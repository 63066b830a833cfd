package io.logpulse.config;

import java.util.List;

/**
 * Checks the job's settings where it is submitted, before YARN is asked for a driver: a bad key fails in a second,
 * named, with exit status 2, instead of as a failed application. Prints the local files the settings name, which
 * {@code yarn/logpulse-yarn} ships with {@code --files} because the driver may run on any node.
 *
 * <pre>
 * usage: java -cp logpulse.jar io.logpulse.config.ConfigCheck [--config FILE] [--conf key=value ...]
 * </pre>
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    public static void main(String[] args) {
        LogPulseConfig config;
        try {
            config = LogPulseConfig.fromCommandLine(List.of(args));
        } catch (ConfigException e) {
            e.exit("logpulse");
            return;
        }
        config.blacklistFile().ifPresent(file ->
                System.out.println(ConfigKey.BLACKLIST_FILE.key() + "=" + file.toAbsolutePath()));
    }
}
