package com.sessionjar.bench;

/** What one repetition measures, in the order it measures them: interleaved, so noise falls on each alike. */
enum Scenario {
    RAW("raw ceiling", 0, 0),
    E2E_1("session.jar, 1 node", 1, 1),
    E2E_2("session.jar, 2 nodes", 2, 1),
    PACKED_1("packed 32, 1 node", 1, 32),
    PACKED_2("packed 32, 2 nodes", 2, 32);

    final String label;
    /** Worker nodes of the session; 0 for the raw ceiling, which has none. */
    final int nodes;
    /** Requests per queue message ({@code --pack}). */
    final int pack;

    Scenario(String label, int nodes, int pack) {
        this.label = label;
        this.nodes = nodes;
        this.pack = pack;
    }

    /** "1 node", "2 nodes". */
    String nodesLabel() {
        return nodes == 1 ? "1 node" : nodes + " nodes";
    }

    /** The unpacked end-to-end scenario on as many nodes as this one. */
    Scenario unpacked() {
        return nodes == 1 ? E2E_1 : E2E_2;
    }
}
