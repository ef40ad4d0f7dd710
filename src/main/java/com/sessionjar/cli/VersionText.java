package com.sessionjar.cli;

import com.sessionjar.BuildInfo;
import picocli.CommandLine;

/** Prints the version of session.jar and of the Azurite it runs ({@code --version}). */
final class VersionText implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"session.jar " + BuildInfo.version() + " (Azurite " + BuildInfo.azuriteVersion()
                + " for local sessions)"};
    }
}
