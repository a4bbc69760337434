using NpgsqlTypes;
using NrsGirls.Cli.Database;

namespace NrsGirls.Benchmarks;

/// <summary>
/// The seeder's binary COPY of N transactions against a plain text COPY of the very same rows from a
/// CSV file (what `psql \copy` does), on the same server and schema (partitions, indexes, checks).
/// </summary>
public static class CopyBenchmark
{
    public static async Task RunAsync(int rows)
    {
        const string db = "nrsgirls_bench_copy";
        await BenchDatabase.UseAsync(db, async cs =>
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            var rng = new Random(7);
            var viewers = Enumerable.Range(0, 10_000).Select(_ => Guid.NewGuid()).ToArray();
            await using (var w = await conn.BeginBinaryImportAsync("copy users (id, email, password_hash, role) from stdin (format binary)"))
            {
                foreach (var (id, i) in viewers.Select((id, i) => (id, i)))
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(id, NpgsqlDbType.Uuid);
                    await w.WriteAsync($"bench-{i}@x.test", NpgsqlDbType.Varchar);
                    await w.WriteAsync("x", NpgsqlDbType.Varchar);
                    await w.WriteAsync("viewer", NpgsqlDbType.Varchar);
                }
                await w.CompleteAsync();
            }
            var creators = Enumerable.Range(0, 500).Select(i => (Guid.NewGuid(), i % 2 == 0 ? "dj" : "performer")).ToArray();
            var data = ScaleSeeder.Transactions(rng, rows, viewers, creators, 0.20m, DateTime.UtcNow).ToList();

            var sw = Stopwatch.StartNew();
            await ScaleSeeder.CopyTransactionsAsync(conn, data, CancellationToken.None);
            var binary = sw.Elapsed;

            var file = Path.Combine(Path.GetTempPath(), $"nrsgirls-bench-{Environment.ProcessId}.csv");
            await using (var reader = await conn.BeginTextExportAsync($"copy (select {ScaleSeeder.TransactionColumns} from transactions) to stdout (format csv)"))
                await File.WriteAllTextAsync(file, await reader.ReadToEndAsync());
            await conn.ExecuteAsync("truncate transactions");

            sw.Restart();
            var psql = LocalProcess.Which("psql");
            string how;
            if (psql is not null)
            {
                await BenchDatabase.PsqlAsync(psql, cs, $"\\copy transactions ({ScaleSeeder.TransactionColumns}) from '{file}' with (format csv)");
                how = "psql \\copy from the CSV file";
            }
            else
            {
                await using var writer = await conn.BeginTextImportAsync($"copy transactions ({ScaleSeeder.TransactionColumns}) from stdin (format csv)");
                await writer.WriteAsync(await File.ReadAllTextAsync(file));
                how = "text COPY from the CSV file (psql not found)";
            }
            var plain = sw.Elapsed;
            var size = new FileInfo(file).Length;
            File.Delete(file);

            var count = await conn.ExecuteScalarAsync<long>("select count(*) from transactions");
            Console.WriteLine($"copy benchmark: {rows:N0} transactions (partitioned by month, all indexes and checks in place)");
            Console.WriteLine($"  seeder binary COPY, rows generated in memory: {binary.TotalSeconds,7:0.00} s  ({rows / binary.TotalSeconds,10:N0} rows/s)");
            Console.WriteLine($"  {how} ({size / 1048576.0:0} MiB): {plain.TotalSeconds,7:0.00} s  ({rows / plain.TotalSeconds,10:N0} rows/s)");
            Console.WriteLine($"  ratio seeder / plain COPY: {binary.TotalSeconds / plain.TotalSeconds:0.00}  (rows after plain COPY: {count:N0})");
        });
    }
}
