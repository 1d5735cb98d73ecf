package io.xenia.cli.commands;

import picocli.CommandLine.Command;

/** {@code xenia offers ...}: the market. */
@Command(
    name = "offers",
    mixinStandardHelpOptions = true,
    description = "Machines on offer.",
    subcommands = {OffersSearchCommand.class})
public final class OffersCommand {}
