using AyonFtrack.Benchmarks;

return await BenchCommand.RunAsync(args);
