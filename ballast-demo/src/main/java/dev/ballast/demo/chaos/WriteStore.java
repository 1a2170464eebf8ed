package dev.ballast.demo.chaos;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Where the chaos run checks writes after the load has stopped: the database itself, not the service. */
public interface WriteStore {

    /**
     * @return every ticket id, grouped by the request key stored with it (tickets without a key left out)
     * @throws Exception if the database cannot be read
     */
    Map<UUID, List<Long>> rowsByKey() throws Exception;
}
