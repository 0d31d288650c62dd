Console.WriteLine("benchmarks: see the bench branch");
