package dev.ballast;

/** Test helpers: JSON written with single quotes, so that Java strings stay readable. */
final class Json {

    /** A connection that satisfies "a connection is required" where a test is about something else. */
    static final String CONNECTION = "Host=db.example.com;Database=tickets";

    private Json() {}

    /**
     * @param relaxed JSON with ' for "
     * @return the JSON
     */
    static String of(String relaxed) {
        return relaxed.replace('\'', '"');
    }

    /**
     * @param members the members of the Database section, ' for ", without braces
     * @return a document whose Database section has those members and a connection string
     */
    static String database(String members) {
        String sep = members.isBlank() ? "" : ", ";
        return of("{'Database': {" + members + sep + "'ConnectionString': '" + CONNECTION + "'}}");
    }
}
