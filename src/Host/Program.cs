using AyonFtrack.Host;

// ayon-ftrack leecher|processor|transmitter — see HostCommand for the command line and exit codes.
return await HostCommand.RunAsync(args, Console.Out, Console.Error);
