using MeshAgent.Simulation;

// "node ..." runs one real member on sockets (lab tests); anything else runs the simulation.
return args.Length > 0 && args[0] == "node"
    ? await LabNode.RunAsync(args[1..])
    : SimulationCommand.Run(args);
