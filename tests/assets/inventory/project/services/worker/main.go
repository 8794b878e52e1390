package main

import (
	"fmt"
	"os"
)

// os.Getenv("GO_COMMENTED") is not read
type Config struct {
	QueueURL string `env:"QUEUE_URL,required"`
	Batch    int    `env:"BATCH_SIZE" envDefault:"10"`
}

func main() {
	token := os.Getenv("WORKER_API_TOKEN")
	region, ok := os.LookupEnv("AWS_REGION")
	msg := "call os.Getenv(\"GO_STRING\") to read it"
	raw := `os.Getenv("GO_RAW_STRING")`
	fmt.Println(token, region, ok, msg, raw)
}
