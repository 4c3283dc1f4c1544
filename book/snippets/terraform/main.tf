# The ui service of the retail store as Terraform's AWS provider writes it.
resource "aws_ecs_cluster" "main" {
  name = "retail-store-ecs-cluster"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_task_definition" "ui" {
  family                   = "retail-store-ecs-ui"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "1024"
  memory                   = "2048"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name         = "application"
    image        = "public.ecr.aws/aws-containers/retail-store-sample-ui:0.7.0"
    essential    = true
    portMappings = [{ name = "application", containerPort = 8080, protocol = "tcp" }]
  }])
}

resource "aws_lb_target_group" "ui" {
  name        = "ui-application"
  port        = 8080
  protocol    = "HTTP"
  vpc_id      = var.vpc_id
  target_type = "ip"
  health_check {
    path     = "/actuator/health"
    interval = 10
    matcher  = "200-299"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.ui.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ui.arn
  }
}

resource "aws_ecs_service" "ui" {
  name            = "ui"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.ui.arn
  desired_count   = 2
  launch_type     = "FARGATE"
  load_balancer {
    target_group_arn = aws_lb_target_group.ui.arn
    container_name   = "application"
    container_port   = 8080
  }
  network_configuration {
    subnets         = var.private_subnets
    security_groups = [var.ui_sg_id]
  }
  lifecycle {
    ignore_changes = [desired_count] # the autoscaler's
  }
}

resource "aws_appautoscaling_target" "ui" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.ui.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 10
}

resource "aws_appautoscaling_policy" "ui" {
  name               = "ui-scaling-policy"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.ui.service_namespace
  resource_id        = aws_appautoscaling_target.ui.resource_id
  scalable_dimension = aws_appautoscaling_target.ui.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value = 1500
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.ui.arn_suffix}/${aws_lb_target_group.ui.arn_suffix}"
    }
  }
}
