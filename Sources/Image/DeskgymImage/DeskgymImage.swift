// DeskgymImage: under construction
