using NrsGirls.Cli;

return await NrsGirlsCommand.RunAsync(args);
