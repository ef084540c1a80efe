using AyonFtrack.Sandbox;

return await SandboxCommand.RunAsync(args);
