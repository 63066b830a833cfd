package io.logpulse.event;

/** Apache's and nginx's Common Log Format: {@code host ident user [time] "request" status bytes}. */
final class CommonLogFormat implements LogFormat {

    private static final long serialVersionUID = 1L;

    static final String APACHE_COMMON = "%h %l %u %t \"%r\" %>s %b";

    private final DeclaredFormat common = DeclaredFormat.compile(APACHE_COMMON, false);

    @Override
    public boolean accepts(String line) {
        return looksLikeClf(line);
    }

    @Override
    public LoggedFields read(String line) throws LineRejected {
        return common.read(line);
    }

    /** Three space-separated words and a '[': the start every CLF-family line shares, checked without a regex. */
    static boolean looksLikeClf(String line) {
        int i = 0;
        int n = line.length();
        for (int word = 0; word < 3; word++) {
            int start = i;
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
            int gap = i;
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (gap == start || i == gap) {
                return false;
            }
        }
        return i < n && line.charAt(i) == '[';
    }
}
