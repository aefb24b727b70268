package io.planexec.planner.service;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence when a record cannot be written. The planner checks reply topics and bounds its messages
 * before it sends them, so these errors should not happen; if one does, the record is logged and dropped rather than
 * stopping the planner's task (which would retry the same record for ever). Retriable errors are retried; anything
 * else stops the task as Kafka Streams does by default.
 */
public final class PlannerProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerProductionExceptionHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception e) {
        if (e instanceof RetriableException) {
            return Response.retry();
        }
        if (e instanceof RecordTooLargeException
                || e instanceof TopicAuthorizationException
                || e instanceof InvalidTopicException) {
            LOGGER.error(
                    "record_dropped topic={} source_topic={} source_partition={} source_offset={} error=\"{}\"",
                    record.topic(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    e.toString());
            return Response.resume();
        }
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(
            ErrorHandlerContext context, ProducerRecord record, Exception e, SerializationExceptionOrigin origin) {
        LOGGER.error("record_unserializable topic={} error=\"{}\"", record.topic(), e.toString());
        return Response.fail();
    }
}
