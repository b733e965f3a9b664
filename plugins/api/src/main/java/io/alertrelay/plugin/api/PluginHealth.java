package io.alertrelay.plugin.api;

/**
 * What a running source reports about itself, shown in {@code GET /api/plugins}: a problem it is working
 * around (a file it cannot read and keeps retrying) without failing as a whole.
 */
public interface PluginHealth {

    /** Records a problem under a key (e.g. the file path) and logs it once; replaces an earlier one for that key. */
    void problem(String key, String message);

    /** The problem under {@code key} is gone. */
    void resolved(String key);
}
