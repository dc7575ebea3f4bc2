package org.chorale.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code chorale --version}: the jar manifest's Implementation-Version ("dev" when run from classes). */
public final class CodeVersion implements IVersionProvider {

    public static String current() {
        String v = Chorale.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override public String[] getVersion() {
        return new String[] {"chorale " + current(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
