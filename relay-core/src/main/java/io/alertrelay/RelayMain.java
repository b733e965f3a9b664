package io.alertrelay;
public final class RelayMain { public static void main(String[] a) {} }
