// DeskgymBenchmarks: under construction
