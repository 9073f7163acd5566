from .cli.validate import main

main()
